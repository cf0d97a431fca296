// Reading statistics without cookies (README "Lesestatistik"): one small beacon when a
// browser shows this page, one when a reader follows an "Ähnliche Beiträge" link.
// Nothing is stored on the device; the server keeps only daily counts.
(() => {
  const endpoint = document.currentScript && document.currentScript.dataset.endpoint;
  if (!endpoint || !navigator.sendBeacon) {
    return;
  }
  // A string body goes out as text/plain, the only type the endpoint takes.
  const send = (data) => navigator.sendBeacon(endpoint, JSON.stringify(data));
  const params = new URLSearchParams(location.search);

  const countView = () =>
    send({
      p: location.pathname,
      r: document.referrer,
      w: screen.width,
      u: params.get("utm_source") || "",
      q: params.get("q") || "",
    });

  // A prerendered or background page counts only once someone actually sees it.
  const whenShown = (callback) => {
    if (document.prerendering) {
      document.addEventListener("prerenderingchange", () => whenShown(callback), { once: true });
    } else if (document.visibilityState === "hidden") {
      const onVisible = () => {
        if (document.visibilityState === "visible") {
          document.removeEventListener("visibilitychange", onVisible);
          callback();
        }
      };
      document.addEventListener("visibilitychange", onVisible);
    } else {
      callback();
    }
  };
  whenShown(countView);

  document.addEventListener("click", (event) => {
    const link = event.target.closest("#related a[href]");
    if (link && link.origin === location.origin) {
      send({ p: location.pathname, t: link.pathname });
    }
  });
})();
