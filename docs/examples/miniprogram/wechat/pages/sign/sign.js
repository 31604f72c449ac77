// The hub's public base URL (medsign.pki.public-url); only links on it are opened.
const HUB = 'https://medsign.hospital.example';

function hubLink(scanned) {
  if (typeof scanned !== 'string' || !scanned.startsWith(HUB + '/m/')) {
    return null;
  }
  return scanned;
}

Page({
  data: { url: HUB + '/m/' },

  onLoad(query) {
    // a scene or link that carries a hub URL (e.g. a QR code configured to open the mini-program)
    const link = query && query.link ? hubLink(decodeURIComponent(query.link)) : null;
    if (link) {
      this.setData({ url: link });
    }
  },

  // the share menu / a button in the page's navigation bar can call this
  scan() {
    wx.scanCode({
      onlyFromCamera: true,
      success: result => {
        const link = hubLink(result.result);
        if (link) {
          this.setData({ url: link });
        } else {
          wx.showToast({ title: '不是本院签名二维码', icon: 'none' });
        }
      }
    });
  }
});
