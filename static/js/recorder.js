// Reconnect: record a voicemail in the play page and follow its transcription.
//
// The microphone is captured raw (no echo cancellation, noise suppression or gain control:
// they distort speech for a transcriber), mixed to mono, resampled here to 16 kHz and
// encoded as 16-bit PCM WAV, which the server reads without any converter. The upload form
// and the status shown by the server work without this file; it adds the recorder, and polls
// a queued job's status so the result appears without a reload.
(function () {
  "use strict";

  var section = document.querySelector("[data-recorder]");
  if (!section) return;

  var TARGET_RATE = 16000;
  var maxSeconds = Number(section.dataset.maxSeconds) || 120;
  var maxBytes = Number(section.dataset.maxBytes) || 5 * 1024 * 1024;
  var csrf = section.querySelector("input[name=csrf_token]").value;
  var statusBox = document.getElementById("vm-status");
  var written = document.querySelector("[data-written]");

  // --- showing the recorder when "Voicemail (record)" is chosen ---------------------------

  function recordingChosen() {
    var picked = document.querySelector("input[name=channel]:checked");
    return !picked || picked.value === "recording";
  }

  function showMode() {
    var on = recordingChosen();
    section.hidden = !on;
    if (written) written.hidden = on;
  }

  document.querySelectorAll("input[name=channel]").forEach(function (radio) {
    radio.addEventListener("change", showMode);
  });
  showMode();

  // --- the job's status ---------------------------------------------------------------------

  function clock(seconds) {
    var s = Math.max(0, Math.floor(seconds));
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function renderStatus(data) {
    statusBox.textContent = "";
    if (data.status === "queued") {
      statusBox.appendChild(el("p", "Your voicemail (" + Math.round(data.duration) + " s) is waiting to be transcribed…"));
    } else if (data.status === "running") {
      statusBox.appendChild(el("p", "Transcribing your voicemail (" + Math.round(data.duration) + " s)…"));
    } else if (data.status === "failed") {
      statusBox.appendChild(el("p", "The transcription failed: " + data.error, "error"));
      var retry = el("button", "Retry the transcription");
      retry.type = "button";
      retry.addEventListener("click", function () {
        retry.disabled = true;
        send(data.retry_url, null);
      });
      statusBox.appendChild(retry);
    } else {
      var box = el("div", null, "vm-result");
      var line = el("p");
      line.appendChild(el("strong", "Transcript: "));
      var words = el("span", data.transcript);
      words.setAttribute("data-transcript", "");
      line.appendChild(words);
      box.appendChild(line);
      var figures = el("dl", null, "figures");
      var callback = data.callback_number
        ? data.callback_number + " (said " + data.callback_said + "×" +
          (data.callback_times.length ? ", at " + data.callback_times.map(clock).join(", ") : "") + ")"
        : "not heard";
      [["Length", Math.round(data.duration) + " seconds"],
       ["Pace", Math.round(data.words_per_minute || 0) + " words a minute"],
       ["Callback number", callback]].concat(
        data.overall === null || data.overall === undefined ? [] : [["Overall", data.overall + "/100"]]
      ).forEach(function (pair) {
        figures.appendChild(el("dt", pair[0]));
        var dd = el("dd", pair[1]);
        if (pair[0] === "Callback number") dd.setAttribute("data-callback", "");
        figures.appendChild(dd);
      });
      box.appendChild(figures);
      if (data.notes && data.notes.length) {
        var notes = el("ul", null, "coaching");
        data.notes.forEach(function (note) { notes.appendChild(el("li", note)); });
        box.appendChild(notes);
      }
      var more = el("p", "Your voicemail was added to the timeline. ");
      var link = el("a", "Show the updated timeline");
      link.href = window.location.pathname + "#latest";
      link.addEventListener("click", function (event) {
        event.preventDefault();
        window.location.replace(window.location.pathname + "#latest");
        window.location.reload();
      });
      more.appendChild(link);
      box.appendChild(more);
      statusBox.appendChild(box);
    }
  }

  var polling = null;

  function poll(url) {
    if (polling) clearTimeout(polling);
    polling = setTimeout(function () {
      polling = null;
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error("status " + response.status);
          return response.json();
        })
        .then(function (data) {
          renderStatus(data);
          if (data.status === "queued" || data.status === "running") poll(url);
        })
        .catch(function () {
          statusBox.textContent = "Could not check the transcription just now; trying again…";
          poll(url);
        });
    }, 1500);
  }

  // POST (an upload, or a retry) and follow the job it starts.
  function send(url, body) {
    var headers = { "X-CSRFToken": csrf, Accept: "application/json" };
    return fetch(url, { method: "POST", body: body, headers: headers, credentials: "same-origin" })
      .then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      })
      .then(function (reply) {
        if (!reply.ok) throw new Error(reply.data.error || "The upload was refused.");
        var serverRetry = section.querySelector("form[data-retry]");
        if (serverRetry) serverRetry.remove();
        renderStatus(reply.data);
        poll(reply.data.status_url);
        return reply.data;
      });
  }

  if (statusBox.dataset.poll) poll(statusBox.dataset.poll);

  // --- the recorder ---------------------------------------------------------------------

  var controls = section.querySelector("[data-recorder-controls]");
  var AudioContextClass = window.AudioContext || window.webkitAudioContext;
  if (!controls || !AudioContextClass || !(navigator.mediaDevices && navigator.mediaDevices.getUserMedia)) {
    return; // the upload form still works
  }
  controls.hidden = false;

  var buttons = {};
  controls.querySelectorAll("button[data-action]").forEach(function (b) { buttons[b.dataset.action] = b; });
  var timer = controls.querySelector("[data-timer]");
  var level = controls.querySelector("[data-level]");
  var say = controls.querySelector("[data-recorder-status]");
  var playback = controls.querySelector("[data-playback]");
  var workletUrl = document.querySelector("script[src*='recorder.js']").src.replace("recorder.js", "recorder-worklet.js");

  var context = null, stream = null, tap = null, mute = null;
  var chunks = [], frames = 0, rate = 0, recording = false, wav = null, blobUrl = null;

  function enable(which) {
    Object.keys(buttons).forEach(function (name) { buttons[name].disabled = which.indexOf(name) < 0; });
  }

  function take(block) {
    if (!recording) return;
    chunks.push(new Float32Array(block));
    frames += block.length;
    var peak = 0;
    for (var i = 0; i < block.length; i++) peak = Math.max(peak, Math.abs(block[i]));
    level.value = Math.min(1, peak);
    level.textContent = Math.round(peak * 100) + "%";
    timer.textContent = clock(frames / rate);
    if (frames / rate >= maxSeconds) {
      stop("The 2-minute limit was reached, so the recording stopped. ");
    }
  }

  function start() {
    enable([]);
    discard();
    say.textContent = "Starting the microphone…";
    navigator.mediaDevices
      .getUserMedia({ audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false } })
      .then(function (media) {
        stream = media;
        context = new AudioContextClass();
        rate = context.sampleRate;
        var source = context.createMediaStreamSource(stream);
        mute = context.createGain();
        mute.gain.value = 0;
        mute.connect(context.destination);
        var ready;
        if (context.audioWorklet && window.AudioWorkletNode) {
          ready = context.audioWorklet.addModule(workletUrl).then(function () {
            tap = new AudioWorkletNode(context, "recorder-tap");
            tap.port.onmessage = function (event) { take(event.data); };
          });
        } else {
          tap = context.createScriptProcessor(4096, 2, 1);
          tap.onaudioprocess = function (event) {
            var input = event.inputBuffer, mono = new Float32Array(input.length);
            for (var c = 0; c < input.numberOfChannels; c++) {
              var data = input.getChannelData(c);
              for (var i = 0; i < data.length; i++) mono[i] += data[i] / input.numberOfChannels;
            }
            take(mono);
          };
          ready = Promise.resolve();
        }
        return ready.then(function () {
          source.connect(tap);
          tap.connect(mute);
          chunks = [];
          frames = 0;
          recording = true;
          enable(["stop"]);
          buttons.stop.focus();
          say.textContent = "Recording… speak now. Press “Stop recording” when you are done (2 minutes at most).";
        });
      })
      .catch(function (error) {
        release();
        enable(["start"]);
        buttons.start.focus();
        say.textContent = "The microphone could not be used (" + (error && error.name ? error.name : error) +
          "). Allow the microphone for this site, or upload a recording below.";
      });
  }

  function release() {
    recording = false;
    if (tap) { try { tap.disconnect(); } catch (e) { /* already */ } }
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    if (context) context.close();
    tap = null; stream = null; context = null; mute = null;
  }

  function stop(prefix) {
    if (!recording) return;
    var seconds = frames / rate;
    var sourceRate = rate;
    release();
    var mono = new Float32Array(frames), at = 0;
    chunks.forEach(function (chunk) { mono.set(chunk, at); at += chunk.length; });
    chunks = [];
    level.value = 0;
    level.textContent = "0%";
    wav = encodeWav(resample(mono, sourceRate, TARGET_RATE), TARGET_RATE);
    blobUrl = URL.createObjectURL(wav);
    playback.src = blobUrl;
    playback.hidden = false;
    var peak = 0;
    for (var i = 0; i < mono.length; i++) peak = Math.max(peak, Math.abs(mono[i]));
    var quiet = peak < 0.01 ? " It sounds silent: check the microphone before you upload." : "";
    enable(["again", "upload"]);
    buttons.upload.focus();
    say.textContent = (prefix || "") + "Recorded " + clock(seconds) + "." + quiet +
      " Listen to it, record again, or upload it.";
  }

  function discard() {
    wav = null;
    if (blobUrl) URL.revokeObjectURL(blobUrl);
    blobUrl = null;
    playback.removeAttribute("src");
    playback.hidden = true;
    timer.textContent = "0:00";
  }

  function upload() {
    if (!wav) return;
    if (wav.size > maxBytes) {
      say.textContent = "The recording is larger than 5 MB; record a shorter voicemail.";
      return;
    }
    enable([]);
    say.textContent = "Uploading your voicemail…";
    var body = new FormData();
    body.append("audio", wav, "voicemail.wav");
    send(section.dataset.upload, body)
      .then(function () {
        say.textContent = "Uploaded. The transcript and your grade appear above when they are ready.";
        enable(["start"]);
        statusBox.setAttribute("tabindex", "-1");
        statusBox.focus();
      })
      .catch(function (error) {
        say.textContent = error.message + " Your recording is still here: record again or upload it again.";
        enable(["again", "upload"]);
        buttons.upload.focus();
      });
  }

  buttons.start.addEventListener("click", start);
  buttons.stop.addEventListener("click", function () { stop(""); });
  buttons.again.addEventListener("click", start);
  buttons.upload.addEventListener("click", upload);

  // --- audio processing -----------------------------------------------------------------

  // Windowed-sinc resampling: a low-pass below the new Nyquist frequency, so 44.1 or 48 kHz
  // audio does not alias into the 16 kHz recording.
  function resample(input, from, to) {
    if (from === to) return input;
    var ratio = from / to;
    var length = Math.floor(input.length / ratio);
    var output = new Float32Array(length);
    var cutoff = Math.min(1, to / from) * 0.9; // of the input's Nyquist frequency
    var half = 8 * Math.ceil(ratio);
    for (var i = 0; i < length; i++) {
      var centre = i * ratio;
      var first = Math.max(0, Math.ceil(centre - half));
      var last = Math.min(input.length - 1, Math.floor(centre + half));
      var sum = 0, weights = 0;
      for (var k = first; k <= last; k++) {
        var x = k - centre;
        var sinc = x === 0 ? cutoff : Math.sin(Math.PI * cutoff * x) / (Math.PI * x);
        var weight = sinc * (0.5 + 0.5 * Math.cos((Math.PI * x) / half));
        sum += input[k] * weight;
        weights += weight;
      }
      output[i] = weights ? sum / weights : 0;
    }
    return output;
  }

  function encodeWav(samples, sampleRate) {
    var buffer = new ArrayBuffer(44 + samples.length * 2);
    var view = new DataView(buffer);
    function text(offset, value) {
      for (var i = 0; i < value.length; i++) view.setUint8(offset + i, value.charCodeAt(i));
    }
    text(0, "RIFF");
    view.setUint32(4, 36 + samples.length * 2, true);
    text(8, "WAVE");
    text(12, "fmt ");
    view.setUint32(16, 16, true); // size of the fmt chunk
    view.setUint16(20, 1, true); // PCM
    view.setUint16(22, 1, true); // mono
    view.setUint32(24, sampleRate, true);
    view.setUint32(28, sampleRate * 2, true); // bytes per second
    view.setUint16(32, 2, true); // bytes per frame
    view.setUint16(34, 16, true); // bits per sample
    text(36, "data");
    view.setUint32(40, samples.length * 2, true);
    for (var i = 0; i < samples.length; i++) {
      var s = Math.max(-1, Math.min(1, samples[i]));
      view.setInt16(44 + i * 2, s < 0 ? s * 0x8000 : s * 0x7fff, true);
    }
    return new Blob([view], { type: "audio/wav" });
  }
})();
