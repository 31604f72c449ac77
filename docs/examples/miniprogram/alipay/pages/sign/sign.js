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
    const link = query && query.link ? hubLink(decodeURIComponent(query.link)) : null;
    if (link) {
      this.setData({ url: link });
    }
  },

  scan() {
    my.scan({
      scanType: ['qrCode'],
      success: result => {
        const link = hubLink(result.code);
        if (link) {
          this.setData({ url: link });
        } else {
          my.showToast({ content: '不是本院签名二维码', type: 'none' });
        }
      }
    });
  }
});
