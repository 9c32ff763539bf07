import { decodeRelayFrame, encodeInstanceSignal, encodeRelayMessage } from './collab-relay';

describe('relay frames', () => {
  it('carry the sender and the message, binary payloads intact', () => {
    const update = Uint8Array.of(0, 1, 2, 255);
    expect(decodeRelayFrame(encodeRelayMessage('instance-a', { kind: 'update', update }))).toEqual({ from: 'instance-a', message: { kind: 'update', update } });
    expect(decodeRelayFrame(encodeRelayMessage('b', { kind: 'awareness', update }))).toEqual({ from: 'b', message: { kind: 'awareness', update } });
    expect(decodeRelayFrame(encodeRelayMessage('b', { kind: 'query-awareness' }))).toEqual({ from: 'b', message: { kind: 'query-awareness' } });
    expect(decodeRelayFrame(encodeRelayMessage('b', { kind: 'resync' }))).toEqual({ from: 'b', message: { kind: 'resync' } });
    expect(decodeRelayFrame(encodeInstanceSignal('c', 'heartbeat'))).toEqual({ from: 'c', signal: 'heartbeat' });
    expect(decodeRelayFrame(encodeInstanceSignal('c', 'bye'))).toEqual({ from: 'c', signal: 'bye' });
  });

  it('report a kind from a newer version instead of failing, and throw on a truncated frame', () => {
    expect(decodeRelayFrame(Uint8Array.of(42, 1, 120))).toEqual({ from: 'x', unknownKind: 42 });
    expect(() => decodeRelayFrame(Uint8Array.of(0, 5, 120))).toThrow();
  });
});
