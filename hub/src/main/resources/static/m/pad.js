/*
 * The handwriting pad (手写签名) shared by the clinician's app (/m/) and the patient tablet (/m/tablet): pointer
 * strokes (finger, stylus or mouse) drawn on a canvas, read back as a PNG data URL. Plain script, no build step.
 * MedsignPad.attach(canvas, onChange) returns {clear(), drawn(), png()}; onChange(drawn) follows every change.
 */
'use strict';

window.MedsignPad = {
  attach(pad, onChange) {
    const context = pad.getContext('2d');
    let last = null;
    let drawn = false;
    const changed = value => {
      drawn = value;
      if (onChange) {
        onChange(drawn);
      }
    };
    const point = event => {
      const box = pad.getBoundingClientRect();
      return {x: (event.clientX - box.left) * pad.width / box.width,
        y: (event.clientY - box.top) * pad.height / box.height};
    };
    pad.addEventListener('pointerdown', event => {
      event.preventDefault();
      pad.setPointerCapture(event.pointerId);
      last = point(event);
    });
    pad.addEventListener('pointermove', event => {
      if (!last) {
        return;
      }
      const next = point(event);
      context.lineWidth = 4;
      context.lineCap = 'round';
      context.lineJoin = 'round';
      context.strokeStyle = '#000';
      context.beginPath();
      context.moveTo(last.x, last.y);
      context.lineTo(next.x, next.y);
      context.stroke();
      last = next;
      changed(true);
    });
    const end = () => { last = null; };
    pad.addEventListener('pointerup', end);
    pad.addEventListener('pointercancel', end);
    pad.addEventListener('pointerleave', end);
    return {
      clear() {
        context.clearRect(0, 0, pad.width, pad.height);
        changed(false);
      },
      drawn() {
        return drawn;
      },
      png() {
        return pad.toDataURL('image/png');
      }
    };
  }
};
