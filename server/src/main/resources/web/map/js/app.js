// Wires the page: token first, then the map, the list, the counters and the live feed.
import { Api, Unauthorized } from './api.js';
import { askForToken, forgetToken, storedToken } from './auth.js';
import { BikeList } from './bike-list.js';
import { CommandPanel } from './commands.js';
import { Counters } from './counters.js';
import { Fleet } from './fleet.js';
import { LiveConnection } from './live-connection.js';
import { MapLayer } from './map-layer.js';
import { loadTrack } from './track.js';

async function checkToken(token) {
  try {
    await new Api(token).get('/api/stats');
  } catch (e) {
    throw new Error(e instanceof Unauthorized ? 'This token was refused.' : `Cannot reach the server: ${e.message}`);
  }
}

function logout(message) {
  forgetToken();
  // A fresh page is the simplest way to drop every timer and socket of the old session.
  sessionStorage.setItem('bikefleet.loginMessage', message);
  location.reload();
}

async function main() {
  const message = sessionStorage.getItem('bikefleet.loginMessage') || '';
  sessionStorage.removeItem('bikefleet.loginMessage');
  const token = storedToken() || (await askForToken(checkToken, message));
  const api = new Api(token);
  let tiles;
  try {
    tiles = await api.get('/api/map');
  } catch (e) {
    if (e instanceof Unauthorized) return logout('The saved token was refused; enter another.');
    tiles = { tileUrl: '', attribution: '' };
  }
  document.getElementById('app').hidden = false;
  document.getElementById('logout').onclick = () => logout('');

  const fleet = new Fleet();
  const select = (id) => selectBike(id);
  const map = new MapLayer('map', tiles, select);
  const list = new BikeList(fleet, select);
  const commands = new CommandPanel(api);
  new Counters(api, fleet).start();
  fleet.onChange((changed) => {
    map.update(changed);
    list.render();
  });

  const rangeSelect = document.getElementById('track-range');
  const trackInfo = document.getElementById('track-info');
  let selected = null;
  async function showTrack() {
    const id = selected;
    trackInfo.textContent = 'loading track…';
    try {
      const points = await loadTrack(api, id, Number(rangeSelect.value));
      if (id !== selected) return;
      map.showTrack(points);
      trackInfo.textContent = `${points.length} fixes`;
    } catch (e) {
      trackInfo.textContent = e.message;
    }
  }
  function selectBike(id) {
    selected = id;
    document.getElementById('selected').hidden = false;
    document.getElementById('selected-id').textContent = id;
    map.select(id);
    list.select(id);
    commands.show(id);
    showTrack();
  }
  rangeSelect.addEventListener('change', () => selected && showTrack());

  const banner = document.getElementById('connection');
  const live = new LiveConnection(token, {
    message: (m) => fleet.apply(m),
    state: (state, detail) => {
      if (state === 'disconnected' && banner.dataset.state === 'live') fleet.disconnected();
      banner.dataset.state = state;
      banner.textContent = detail;
    },
  }, async () => {
    // Tells a refused token (stop, ask again) from a server that is away (retry with backoff).
    try {
      await api.get('/api/stats');
    } catch (e) {
      if (e instanceof Unauthorized) {
        logout('The token was refused; enter another.');
        e.fatal = true;
      }
      throw e;
    }
  });
  live.start();
}

main();
