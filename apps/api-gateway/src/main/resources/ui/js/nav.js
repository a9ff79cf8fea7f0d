// Moving between pages without a page load: the app routes on popstate.

/** Goes to a /ui/... address as a link would. */
export function go(path, { replace = false } = {}) {
  if (replace) {
    history.replaceState(null, '', path);
  } else {
    history.pushState(null, '', path);
  }
  window.dispatchEvent(new PopStateEvent('popstate'));
}

/** Calls fn every ms while the tab is visible; returns what stops it. */
export function every(ms, fn) {
  const id = setInterval(() => {
    if (document.visibilityState === 'visible') {
      fn();
    }
  }, ms);
  return () => clearInterval(id);
}
