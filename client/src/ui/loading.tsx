export function Loading({ label }: { label: string }) {
  return (
    <p className="loading muted" role="status" aria-live="polite">
      {label}
    </p>
  );
}
