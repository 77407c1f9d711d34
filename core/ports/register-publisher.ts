/**
 * The `RegisterPublisher` port: where the month's register of cases with legal input is put for
 * both services to open. Adapters: the SharePoint site's document library through Microsoft Graph
 * (`GraphRegisterPublisher`), and a local folder (`data/registers/`, `LocalRegisterPublisher`).
 *
 * Publishing the same file name again replaces the file: a round retried after a crash publishes
 * the same month's register, not a second copy.
 */
export interface PublishedRegister {
  /** Where people open it: the document's web address, or the app's own download link. */
  url: string;
}

export interface RegisterPublisher {
  publish(file: {
    name: string;
    content: Uint8Array;
    contentType: string;
  }): Promise<PublishedRegister>;
  /** The file as published, for the app's own download link (local folders only). */
  read?(name: string): Promise<Uint8Array | undefined>;
}
