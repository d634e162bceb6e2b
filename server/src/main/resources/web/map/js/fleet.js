// What the page knows of every bike, from the live feed's snapshot and updates (docs/protocol.md
// section 7), and the state each bike is drawn in.

/** Map colours and list filter use these names. */
export const STATES = ['fresh', 'nofix', 'draining', 'offline'];

export function stateOf(bike) {
  if (!bike.online) return 'offline';
  if (bike.backlog > 0) return 'draining';
  if (bike.gps === 'no_fix' || bike.gps === 'no_data' || !bike.position) return 'nofix';
  return 'fresh';
}

export const STATE_LABELS = { fresh: 'online', nofix: 'no GPS fix', draining: 'backlog draining', offline: 'offline' };

export class Fleet {
  constructor() {
    this.bikes = new Map();
    this.listeners = [];
  }

  /** `listener(changedBikes, everything)`; everything is true after a snapshot. */
  onChange(listener) {
    this.listeners.push(listener);
  }

  apply(message) {
    if (message.type === 'snapshot') {
      this.bikes.clear();
      for (const b of message.bikes) {
        this.bikes.set(b.bikeId, { id: b.bikeId, ...b, lastSeen: b.lastSeen ? Date.parse(b.lastSeen) : null });
      }
      this.#emit([...this.bikes.values()], true);
    } else if (message.type === 'updates') {
      const changed = new Map();
      for (const u of message.updates) {
        const bike = this.#bike(u.bikeId);
        if (u.type === 'position') bike.position = u.position;
        else if (u.type === 'online') {
          bike.online = true;
          // A new connection's backlog is unknown until its first live fix (docs/protocol.md 7.3).
          delete bike.backlog;
        }
        else if (u.type === 'offline') bike.online = false;
        else if (u.type === 'status') {
          for (const field of ['gps', 'outboxDepth', 'dropped', 'backlog', 'battery']) {
            if (u[field] !== undefined) bike[field] = u[field];
          }
        }
        // The feed says something happened just now; the server's own lastSeen comes with the next snapshot.
        bike.lastSeen = Date.now();
        changed.set(bike.id, bike);
      }
      this.#emit([...changed.values()], false);
    }
  }

  /** The live feed is gone: until the next snapshot nothing is known to be online. */
  disconnected() {
    for (const bike of this.bikes.values()) bike.online = false;
    this.#emit([...this.bikes.values()], true);
  }

  #bike(id) {
    let bike = this.bikes.get(id);
    if (!bike) {
      bike = { id, online: false, lastSeen: null };
      this.bikes.set(id, bike);
    }
    return bike;
  }

  #emit(changed, everything) {
    for (const listener of this.listeners) listener(changed, everything);
  }
}
