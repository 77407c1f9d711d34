/**
 * What a field where people type a reason or a note says under it: the case is named by its
 * reference, and a child named in a reason would be in every card and email that quotes it.
 */
export const NO_CHILD_NAME = "Do not write the child's name — use the case reference.";
