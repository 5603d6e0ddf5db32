/**
 * Resource type tokens. @pulumi/aws v7 still accepts v6's *V2 tokens as deprecated aliases, so a
 * token never tells the provider version: every shape is accepted wherever it can appear.
 */
export const TRAIL = "aws:cloudtrail/trail:Trail";
