// MedSign mobile signing: a WeChat mini-program shell around the hub's H5 app (/m/).
App({});
