import { useEffect, useRef } from 'react';

/**
 * Focus moves to the element when it first appears: the result of an action
 * (a submission, a decision) is where the person's attention goes next, and
 * a screen reader reads it. The element needs tabIndex={-1} unless it is focusable.
 */
export function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}
