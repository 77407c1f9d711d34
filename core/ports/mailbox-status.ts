/**
 * The `MailboxStatus` port: whether a person's automatic replies (out of office) are on now.
 * "If it is not possible to contact the IRO, the IRO Team Manager should be contacted." (IRO and
 * Legal Services Protocol): a card due for an IRO who is away goes to the IRO Team Manager too.
 */
export interface MailboxStatus {
  /** True or false when the mailbox says; undefined when it could not be asked. */
  automaticRepliesOn(email: string, at: number): Promise<boolean | undefined>;
}
