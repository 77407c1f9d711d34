/**
 * A view's heading, which takes the focus when the person has just arrived at the view (signed
 * in, or opened a case), so a keyboard or screen-reader user carries on from there rather than
 * from the top of the page. Views show a spinner while they load; the heading mounts with the
 * data, and focuses itself then. Moving between views with the tab list leaves focus where it is.
 */
import { createContext, useContext, useEffect, useRef, type ReactNode } from 'react';

/** Set by the app when the person arrives somewhere; taken by the first heading that mounts. */
export interface Arrival {
  pending: boolean;
}

export const ArrivalContext = createContext<Arrival>({ pending: false });

export function ViewHeading({ id, children }: { id: string; children: ReactNode }) {
  const arrival = useContext(ArrivalContext);
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (!arrival.pending) return;
    arrival.pending = false;
    ref.current?.focus();
  }, [arrival]);
  return (
    <h1 id={id} ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}
