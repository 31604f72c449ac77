// MedSign mobile signing: an Alipay mini-program shell around the hub's H5 app (/m/).
App({});
