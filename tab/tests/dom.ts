/**
 * What jsdom lacks and Fluent UI needs: ResizeObserver (message bars reflow with it). Sizes
 * never change in jsdom, so an observer that never fires is faithful.
 */
class StillResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}

if (typeof window !== 'undefined' && !('ResizeObserver' in window))
  Object.assign(window, { ResizeObserver: StillResizeObserver });
