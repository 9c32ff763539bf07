import { describe, expect, it } from 'vitest';
import { oidcStartUrl } from './oidc-sign-in';

describe('oidcStartUrl', () => {
  it('returns to the workspace path the sign-in was asked from', () => {
    expect(oidcStartUrl('/g/vaccines')).toBe('/api/auth/oidc/start?next=%2Fapp%2Fg%2Fvaccines');
    expect(oidcStartUrl('/')).toBe('/api/auth/oidc/start?next=%2Fapp%2F');
  });

  it('carries an invitation token through the flow', () => {
    expect(oidcStartUrl('/g/vaccines', 'tok_en-123')).toBe('/api/auth/oidc/start?next=%2Fapp%2Fg%2Fvaccines&invitation=tok_en-123');
  });
});
