// A small drawing canvas for cards.
//
// Draw with a mouse, a finger or a pen; pick a colour and a brush size;
// clear to start again. On submit the drawing (if anything was drawn) is
// turned into a PNG and put into the form's file input, so the server sees
// an ordinary PNG upload and checks it like any other. Without JavaScript
// the file input stays visible and a PNG can be chosen instead.
(function () {
  "use strict";

  function setup(root) {
    var canvas = root.querySelector("canvas");
    var input = document.getElementById(root.dataset.input);
    var form = canvas.closest("form");
    var ctx = canvas.getContext("2d");
    var drawn = false;
    var drawing = false;

    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.lineCap = "round";
    ctx.lineJoin = "round";

    function point(event) {
      var rect = canvas.getBoundingClientRect();
      return {
        x: ((event.clientX - rect.left) * canvas.width) / rect.width,
        y: ((event.clientY - rect.top) * canvas.height) / rect.height,
      };
    }

    canvas.addEventListener("pointerdown", function (event) {
      drawing = true;
      canvas.setPointerCapture(event.pointerId);
      var p = point(event);
      ctx.strokeStyle = root.querySelector("[name=colour]").value;
      ctx.lineWidth = Number(root.querySelector("[name=brush]").value);
      ctx.beginPath();
      ctx.moveTo(p.x, p.y);
      ctx.lineTo(p.x + 0.1, p.y + 0.1);
      ctx.stroke();
      drawn = true;
      root.dataset.drawn = "true";
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) {
        return;
      }
      var p = point(event);
      ctx.lineTo(p.x, p.y);
      ctx.stroke();
    });
    ["pointerup", "pointercancel", "pointerleave"].forEach(function (name) {
      canvas.addEventListener(name, function () {
        drawing = false;
      });
    });
    root.querySelector("[data-clear]").addEventListener("click", function () {
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      drawn = false;
      root.dataset.drawn = "false";
    });

    form.addEventListener("submit", function (event) {
      if (!drawn || form.dataset.drawingAttached === "true") {
        return;
      }
      event.preventDefault();
      canvas.toBlob(function (blob) {
        var transfer = new DataTransfer();
        transfer.items.add(new File([blob], "drawing.png", { type: "image/png" }));
        input.files = transfer.files;
        form.dataset.drawingAttached = "true";
        form.requestSubmit(event.submitter || undefined);
      }, "image/png");
    });
  }

  document.querySelectorAll("[data-drawing-pad]").forEach(setup);
})();
