import { goto } from '$app/navigation';
import { toasts } from './stores/toasts.svelte.ts';

const PREFS = 'switchboard.notify';

export interface NotifyPrefs {
  browser: boolean;
  sound: boolean;
}

export function notifyPrefs(): NotifyPrefs {
  try {
    return { browser: false, sound: true, ...(JSON.parse(localStorage.getItem(PREFS) ?? '{}') as Partial<NotifyPrefs>) };
  } catch {
    return { browser: false, sound: true };
  }
}

export function saveNotifyPrefs(prefs: NotifyPrefs): void {
  localStorage.setItem(PREFS, JSON.stringify(prefs));
}

let audio: AudioContext | null = null;

/** A short two-tone chime, synthesised so no sound file has to be served. */
function chime(): void {
  try {
    audio ??= new AudioContext();
    const now = audio.currentTime;
    for (const [i, freq] of [880, 1320].entries()) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, now + i * 0.12);
      gain.gain.exponentialRampToValueAtTime(0.15, now + i * 0.12 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.12 + 0.25);
      osc.connect(gain).connect(audio.destination);
      osc.start(now + i * 0.12);
      osc.stop(now + i * 0.12 + 0.3);
    }
  } catch {
    // Autoplay policy or no audio device: the toast still shows.
  }
}

/** Toast always; sound and a browser notification when the agent turned them on. */
export function notifyAgent(text: string, href: string): void {
  toasts.show(text, { href });
  const prefs = notifyPrefs();
  if (prefs.sound) chime();
  if (prefs.browser && typeof Notification !== 'undefined' && Notification.permission === 'granted' && document.hidden) {
    const n = new Notification('Switchboard', { body: text, tag: href });
    n.onclick = () => {
      window.focus();
      void goto(href);
      n.close();
    };
  }
}
