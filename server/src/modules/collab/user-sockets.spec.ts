import { UserSockets } from './user-sockets';

describe('UserSockets', () => {
  it('finding 6: caps one account per entry and in all, and frees a slot on release', () => {
    const sockets = new UserSockets({ perEntry: 2, perUser: 3 });
    const a1 = sockets.take('alice', 'e1', 't');
    expect(a1).not.toBeNull();
    expect(sockets.take('alice', 'e1', 't')).not.toBeNull();
    expect(sockets.take('alice', 'e1', 't')).toBeNull(); // per entry
    expect(sockets.take('bob', 'e1', 't')).not.toBeNull(); // others are not affected
    expect(sockets.take('alice', 'e2', 't')).not.toBeNull();
    expect(sockets.take('alice', 'e3', 't')).toBeNull(); // in all
    a1!.release();
    expect(sockets.take('alice', 'e1', 't')).not.toBeNull();
    expect(sockets.of('alice')).toHaveLength(3);
  });
});
