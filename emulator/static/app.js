// The playground page: a Telegram-like chat with the real bot, drawn from the live feed.
// Everything the bot sends is rendered as DOM nodes from text + entities; no HTML is injected.
"use strict";

const UI = {
  en: {
    person: "Person", newPerson: "+ New person", language: "Telegram app language",
    note: "Local simulation: no Telegram, nothing leaves this computer.",
    offline: "Reconnecting…", menu: "Commands", photo: "Attach a photo",
    location: "Share a location", message: "Message", send: "Send",
    locationTitle: "Share a location", latitude: "Latitude", longitude: "Longitude",
    pick: "Pick a point", pickHint: "Tap the box to pick a point in Kabupaten Bekasi, or type coordinates.",
    useDevice: "Use this device's location", cancel: "Cancel", sendLocation: "Send location",
    newPersonTitle: "A new person", name: "First name", appLanguage: "Telegram app language",
    create: "Start chatting", about: "What is this?", aboutTitle: "What is this?",
    about1: "A local playground: the real Rembug bot talks to a Telegram look-alike running on this computer. No bot token, no network, no real Telegram accounts.",
    about2: "Switch between the simulated people to see the bot as a participant, a kecamatan coordinator, staff of a perangkat daerah (OPD) or an admin, or add a new person to start from the very first /start.",
    participant: "participant", coordinator: "coordinator", opd: "OPD staff", admin: "admin", new: "new person",
    empty: "No messages yet. Send /start to begin.", you: "you", bot: "bot", edited: "edited",
    download: "Download", location_msg: "Location", voice: "Voice message", failed: "Not sent: ",
    newName: "Resident", unread: "new", noCommands: "No commands yet.",
  },
  id: {
    person: "Orang", newPerson: "+ Orang baru", language: "Bahasa aplikasi Telegram",
    note: "Simulasi lokal: tanpa Telegram, tidak ada yang keluar dari komputer ini.",
    offline: "Menyambung ulang…", menu: "Perintah", photo: "Lampirkan foto",
    location: "Bagikan lokasi", message: "Pesan", send: "Kirim",
    locationTitle: "Bagikan lokasi", latitude: "Lintang", longitude: "Bujur",
    pick: "Pilih titik", pickHint: "Ketuk kotak untuk memilih titik di Kabupaten Bekasi, atau ketik koordinat.",
    useDevice: "Pakai lokasi perangkat ini", cancel: "Batal", sendLocation: "Kirim lokasi",
    newPersonTitle: "Orang baru", name: "Nama depan", appLanguage: "Bahasa aplikasi Telegram",
    create: "Mulai mengobrol", about: "Apa ini?", aboutTitle: "Apa ini?",
    about1: "Playground lokal: bot Rembug yang asli berbicara dengan tiruan Telegram yang berjalan di komputer ini. Tanpa token bot, tanpa jaringan, tanpa akun Telegram sungguhan.",
    about2: "Berganti antar orang simulasi untuk melihat bot sebagai peserta, koordinator kecamatan, staf perangkat daerah (OPD) atau admin, atau tambahkan orang baru untuk mulai dari /start pertama.",
    participant: "peserta", coordinator: "koordinator", opd: "staf OPD", admin: "admin", new: "orang baru",
    empty: "Belum ada pesan. Kirim /start untuk mulai.", you: "kamu", bot: "bot", edited: "diedit",
    download: "Unduh", location_msg: "Lokasi", voice: "Pesan suara", failed: "Tidak terkirim: ",
    newName: "Warga", unread: "baru", noCommands: "Belum ada perintah.",
  },
};

// Kabupaten Bekasi, roughly: the box the location picker maps onto.
const AREA = { north: -6.05, south: -6.5, west: 106.95, east: 107.35 };
const SAFE_SCHEMES = ["http:", "https:", "mailto:", "tel:", "tg:"];
const MAX_PHOTO_SIDE = 1280;

const state = {
  bot: { name: "Rembug", username: "rembug_bot" },
  people: [],
  chats: new Map(), // person id -> Map(message id -> message)
  unread: new Map(),
  current: null,
  socket: null,
  retry: 500,
};

const $ = (id) => document.getElementById(id);

function lang() {
  const person = currentPerson();
  return person && UI[person.language] ? person.language : "id";
}
function tr(key) { return (UI[lang()] || UI.en)[key] || UI.en[key] || key; }
function currentPerson() { return state.people.find((p) => p.id === state.current) || null; }
function chatOf(id) {
  if (!state.chats.has(id)) state.chats.set(id, new Map());
  return state.chats.get(id);
}

// --- the live feed -----------------------------------------------------------------------

function connect() {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const socket = new WebSocket(`${scheme}//${location.host}/playground/feed`);
  state.socket = socket;
  socket.onopen = () => { state.retry = 500; $("offline").hidden = true; };
  socket.onmessage = (event) => receive(JSON.parse(event.data));
  socket.onclose = () => {
    $("offline").hidden = false;
    setTimeout(connect, state.retry);
    state.retry = Math.min(state.retry * 2, 5000);
  };
}

function receive(item) {
  if (item.type === "hello") {
    state.bot = item.bot;
    state.chats.clear();
    state.unread.clear();
    if (state.current !== null) drawChat();
  } else if (item.type === "people") {
    state.people = item.people;
    if (!currentPerson() && state.people.length) select(state.people[0].id);
    drawPeople();
    applyLanguage();
  } else if (item.type === "message") {
    const chat = chatOf(item.chat);
    const fresh = !chat.has(item.message.id);
    chat.set(item.message.id, item.message);
    if (item.chat === state.current) drawMessage(item.message);
    else if (fresh && item.message.from_bot) bump(item.chat);
    if (item.chat === state.current) drawReplyKeyboard();
  } else if (item.type === "delete") {
    chatOf(item.chat).delete(item.id);
    if (item.chat === state.current) {
      const row = document.querySelector(`[data-message-id="${item.id}"]`);
      if (row) row.remove();
      drawReplyKeyboard();
    }
  } else if (item.type === "answer" && item.chat === state.current) {
    if (item.alert) showAlert(item.text);
    else toast(item.text);
  }
}

function bump(personId) {
  state.unread.set(personId, (state.unread.get(personId) || 0) + 1);
  drawPeople();
}

// --- talking to the server ---------------------------------------------------------------

async function post(path, body, isForm = false) {
  const headers = { "X-Playground": "1" };
  if (!isForm) headers["Content-Type"] = "application/json";
  const response = await fetch(path, {
    method: "POST", headers, body: isForm ? body : JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.error || response.statusText);
  return data;
}

function act(action, body, isForm = false) {
  const id = state.current;
  return post(`/playground/api/people/${id}/${action}`, body, isForm).catch((error) => {
    toast(tr("failed") + error.message);
  });
}

function sendText(text) {
  if (!text.trim() || state.current === null) return;
  act("text", { text });
}

// --- people ------------------------------------------------------------------------------

function personLabel(p) {
  const unread = state.unread.get(p.id);
  return `${p.name} · ${tr(p.role)}` + (unread ? ` (${unread} ${tr("unread")})` : "");
}

function drawPeople() {
  const picker = $("person");
  picker.replaceChildren(...state.people.map((p) => {
    const option = document.createElement("option");
    option.value = String(p.id);
    option.textContent = personLabel(p);
    option.selected = p.id === state.current;
    return option;
  }));
  const person = currentPerson();
  $("chat-title").textContent = state.bot.name;
  $("bot-avatar").textContent = (state.bot.name || "R").slice(0, 1).toUpperCase();
  $("chat-subtitle").textContent = person
    ? `@${state.bot.username} · ${tr("you")}: ${person.name} (${tr(person.role)}${person.detail ? ", " + person.detail : ""})`
    : `@${state.bot.username}`;
  for (const button of document.querySelectorAll(".langs button")) {
    button.classList.toggle("on", !!person && button.dataset.lang === person.language);
  }
}

function select(personId) {
  state.current = personId;
  state.unread.delete(personId);
  $("menu").hidden = true;
  drawPeople();
  applyLanguage();
  drawChat();
}

function applyLanguage() {
  document.documentElement.lang = lang();
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = tr(el.dataset.i18n);
  for (const el of document.querySelectorAll("[data-i18n-title]")) {
    el.title = tr(el.dataset.i18nTitle);
    el.setAttribute("aria-label", el.title);
  }
  for (const el of document.querySelectorAll("[data-i18n-placeholder]")) {
    el.placeholder = tr(el.dataset.i18nPlaceholder);
  }
  drawPeople();
}

// --- drawing the chat --------------------------------------------------------------------

function drawChat() {
  const chat = $("chat");
  chat.replaceChildren();
  const messages = [...chatOf(state.current).values()].sort((a, b) => a.id - b.id);
  if (!messages.length) {
    const empty = document.createElement("div");
    empty.className = "empty";
    empty.textContent = tr("empty");
    chat.append(empty);
  }
  for (const message of messages) drawMessage(message, false);
  drawReplyKeyboard();
  chat.scrollTop = chat.scrollHeight;
}

function drawMessage(message, scroll = true) {
  const chat = $("chat");
  const nearBottom = chat.scrollHeight - chat.scrollTop - chat.clientHeight < 80;
  const row = messageRow(message);
  const old = chat.querySelector(`[data-message-id="${message.id}"]`);
  if (old) old.replaceWith(row);
  else {
    chat.querySelector(".empty")?.remove();
    const later = [...chat.children].find((el) => Number(el.dataset.messageId) > message.id);
    chat.insertBefore(row, later || null);
  }
  if (scroll && (nearBottom || !message.from_bot || !old)) chat.scrollTop = chat.scrollHeight;
}

function messageRow(message) {
  const row = document.createElement("div");
  row.className = `row ${message.from_bot ? "bot" : "me"}`;
  row.dataset.messageId = String(message.id);
  const bubble = document.createElement("div");
  bubble.className = "bubble";
  bubble.append(...media(message));
  const text = message.text ?? message.caption;
  if (text) {
    const body = document.createElement("div");
    body.className = "text";
    body.append(formatted(text, message.text != null ? message.entities : message.caption_entities));
    bubble.append(body);
  }
  const meta = document.createElement("div");
  meta.className = "meta";
  meta.textContent = (message.edited ? tr("edited") + " · " : "") + clock(message.date);
  bubble.append(meta);
  row.append(bubble);
  if (message.buttons) row.append(inlineKeyboard(message));
  return row;
}

function clock(seconds) {
  const d = new Date(seconds * 1000);
  return d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hour12: false });
}

function media(message) {
  const parts = [];
  if (message.photo) {
    const img = document.createElement("img");
    img.className = "photo";
    img.src = message.photo.url;
    img.alt = "photo";
    img.addEventListener("click", () => window.open(message.photo.url, "_blank", "noopener"));
    parts.push(img);
  }
  if (message.document) parts.push(documentCard(message.document));
  if (message.location) {
    const loc = document.createElement("div");
    loc.className = "loc";
    const pin = document.createElement("span");
    pin.className = "pin";
    pin.textContent = "📍";
    const where = document.createElement("span");
    where.textContent = `${tr("location_msg")}: ${message.location.lat.toFixed(5)}, ${message.location.lon.toFixed(5)}`;
    loc.append(pin, where);
    parts.push(loc);
  }
  if (message.sticker) {
    const sticker = document.createElement("div");
    sticker.className = "sticker";
    sticker.textContent = message.sticker;
    parts.push(sticker);
  }
  if (message.voice) {
    const voice = document.createElement("div");
    voice.textContent = `🎤 ${tr("voice")} (0:${String(message.voice).padStart(2, "0")})`;
    parts.push(voice);
  }
  return parts;
}

function documentCard(doc) {
  const link = document.createElement("a");
  link.className = "doc";
  link.href = `${doc.url}?download=1`;
  link.download = doc.name;
  link.title = `${tr("download")} ${doc.name}`;
  const icon = document.createElement("span");
  icon.className = "doc-icon";
  icon.textContent = "⬇";
  const info = document.createElement("span");
  const name = document.createElement("div");
  name.className = "doc-name";
  name.textContent = doc.name;
  const size = document.createElement("div");
  size.className = "doc-size";
  size.textContent = humanSize(doc.size);
  info.append(name, size);
  link.append(icon, info);
  return link;
}

function humanSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function inlineKeyboard(message) {
  const keyboard = document.createElement("div");
  keyboard.className = "inline-kb";
  message.buttons.forEach((buttons, row) => {
    const line = document.createElement("div");
    line.className = "kb-row";
    buttons.forEach((b, column) => {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = b.text;
      if (b.url) {
        button.className = "url";
        button.addEventListener("click", () => openLink(b.url));
      } else {
        button.addEventListener("click", () => {
          button.classList.add("busy");
          act("press", { message_id: message.id, row, column }).finally(() => button.classList.remove("busy"));
        });
      }
      line.append(button);
    });
    keyboard.append(line);
  });
  return keyboard;
}

// The newest bot message that sets or removes a reply keyboard decides what shows.
function drawReplyKeyboard() {
  const area = $("reply-keyboard");
  const messages = [...chatOf(state.current).values()].sort((a, b) => b.id - a.id);
  const setter = messages.find((m) => m.from_bot && (m.keyboard || m.remove_keyboard));
  const keyboard = setter && !setter.remove_keyboard ? setter.keyboard : null;
  const usedOnce = keyboard && keyboard.one_time && messages.some((m) => !m.from_bot && m.id > setter.id);
  area.replaceChildren();
  area.hidden = !keyboard || usedOnce;
  $("input").placeholder = (keyboard && keyboard.placeholder) || tr("message");
  if (area.hidden) return;
  for (const buttons of keyboard.rows) {
    const line = document.createElement("div");
    line.className = "kb-row";
    for (const b of buttons) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = b.text;
      button.addEventListener("click", () => (b.location ? openLocation() : sendText(b.text)));
      line.append(button);
    }
    area.append(line);
  }
}

// --- text with entities ------------------------------------------------------------------

function formatted(text, entities) {
  const fragment = document.createDocumentFragment();
  const sorted = [...(entities || [])].sort((a, b) => a.offset - b.offset || b.length - a.length);
  build(fragment, text, sorted, 0, text.length);
  return fragment;
}

function build(parent, text, entities, start, end) {
  let position = start;
  let i = 0;
  while (i < entities.length) {
    const entity = entities[i];
    if (entity.offset < position) { i += 1; continue; }
    const stop = entity.offset + entity.length;
    appendPlain(parent, text.slice(position, entity.offset));
    const inner = [];
    let j = i + 1;
    while (j < entities.length && entities[j].offset < stop) {
      if (entities[j].offset + entities[j].length <= stop) inner.push(entities[j]);
      j += 1;
    }
    const element = entityElement(entity, text.slice(entity.offset, stop));
    build(element, text, inner, entity.offset, stop);
    parent.append(element);
    position = stop;
    i = j;
  }
  appendPlain(parent, text.slice(position, end));
}

// Telegram apps make a /command in a bot's text tappable even without an entity.
const COMMAND = /(^|[\s(])(\/[A-Za-z0-9_]{1,32})(?=$|[\s.,!?;:)])/g;

function appendPlain(parent, text) {
  if (parent.closest?.("a, code, pre, .cmd")) { parent.append(text); return; }
  let last = 0;
  for (const match of text.matchAll(COMMAND)) {
    const start = match.index + match[1].length;
    parent.append(text.slice(last, start));
    const command = document.createElement("span");
    command.className = "cmd";
    command.textContent = match[2];
    command.addEventListener("click", () => sendText(match[2]));
    parent.append(command);
    last = start + match[2].length;
  }
  parent.append(text.slice(last));
}

function entityElement(entity, content) {
  const tags = {
    bold: "b", italic: "i", underline: "u", strikethrough: "s", code: "code", pre: "pre",
    blockquote: "blockquote", expandable_blockquote: "blockquote",
  };
  if (tags[entity.type]) return document.createElement(tags[entity.type]);
  if (entity.type === "spoiler") {
    const span = document.createElement("span");
    span.className = "spoiler";
    span.addEventListener("click", () => span.classList.add("shown"));
    return span;
  }
  if (entity.type === "bot_command") {
    const span = document.createElement("span");
    span.className = "cmd";
    span.addEventListener("click", () => sendText(content));
    return span;
  }
  const href = {
    text_link: entity.url, url: /^[a-z]+:/i.test(content) ? content : `https://${content}`,
    email: `mailto:${content}`, phone_number: `tel:${content}`,
  }[entity.type];
  if (href && safeUrl(href)) {
    const link = document.createElement("a");
    link.href = safeUrl(href);
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    link.addEventListener("click", (event) => {
      if (startPayload(link.href) !== null) { event.preventDefault(); openLink(link.href); }
    });
    return link;
  }
  const span = document.createElement("span");
  if (entity.type === "mention" || entity.type === "hashtag") span.className = "mention";
  return span;
}

function safeUrl(raw) {
  try {
    const url = new URL(raw);
    return SAFE_SCHEMES.includes(url.protocol) ? url.href : null;
  } catch (error) {
    return null;
  }
}

// A link to this bot with ?start= opens this chat with /start <payload>, as Telegram does.
function startPayload(raw) {
  try {
    const url = new URL(raw);
    const bot = state.bot.username.toLowerCase();
    const web = url.hostname === "t.me" && url.pathname.slice(1).toLowerCase() === bot;
    const app = url.protocol === "tg:" && (url.searchParams.get("domain") || "").toLowerCase() === bot;
    return web || app ? url.searchParams.get("start") || "" : null;
  } catch (error) {
    return null;
  }
}

function openLink(raw) {
  const payload = startPayload(raw);
  if (payload !== null) return sendText(payload ? `/start ${payload}` : "/start");
  const url = safeUrl(raw);
  if (url) window.open(url, "_blank", "noopener,noreferrer");
}

// --- composer, menu, photo, location -----------------------------------------------------

function autosize() {
  const input = $("input");
  input.style.height = "auto";
  input.style.height = `${Math.min(input.scrollHeight, 120)}px`;
}

async function toggleMenu() {
  const menu = $("menu");
  if (!menu.hidden) { menu.hidden = true; return; }
  const response = await fetch(`/playground/api/people/${state.current}/commands`);
  const commands = response.ok ? await response.json() : [];
  menu.replaceChildren(...commands.map((c) => {
    const item = document.createElement("button");
    item.type = "button";
    const name = document.createElement("span");
    name.className = "c";
    name.textContent = `/${c.command}`;
    const description = document.createElement("span");
    description.className = "d";
    description.textContent = c.description;
    item.append(name, description);
    item.addEventListener("click", () => { menu.hidden = true; sendText(`/${c.command}`); });
    return item;
  }));
  if (!commands.length) menu.textContent = tr("noCommands");
  menu.hidden = false;
}

// Telegram recompresses photos to JPEG of at most 1280 px; the page does the same.
async function photoAsJpeg(file) {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, MAX_PHOTO_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.87));
}

async function sendPhoto(file) {
  let blob = file;
  try { blob = await photoAsJpeg(file); } catch (error) { /* not decodable here: send as is */ }
  const form = new FormData();
  form.append("photo", blob, "photo.jpg");
  const caption = $("input").value.trim();
  if (caption) { form.append("caption", caption); $("input").value = ""; }
  await act("photo", form, true);
}

function openLocation() {
  showPickerDot();
  $("location-dialog").showModal();
}

function showPickerDot() {
  const lat = Number($("latitude").value);
  const lon = Number($("longitude").value);
  const dot = $("picker-dot");
  const x = (lon - AREA.west) / (AREA.east - AREA.west);
  const y = (AREA.north - lat) / (AREA.north - AREA.south);
  dot.hidden = !(x >= 0 && x <= 1 && y >= 0 && y <= 1);
  dot.style.left = `${x * 100}%`;
  dot.style.top = `${y * 100}%`;
}

function pickPoint(event) {
  const box = $("picker").getBoundingClientRect();
  const x = (event.clientX - box.left) / box.width;
  const y = (event.clientY - box.top) / box.height;
  $("latitude").value = (AREA.north - y * (AREA.north - AREA.south)).toFixed(5);
  $("longitude").value = (AREA.west + x * (AREA.east - AREA.west)).toFixed(5);
  showPickerDot();
}

function toast(text) {
  const el = $("toast");
  el.textContent = text;
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { el.hidden = true; }, 2500);
}

function showAlert(text) {
  $("alert-text").textContent = text;
  $("alert-dialog").showModal();
}

function wire() {
  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("input").value;
    $("input").value = "";
    autosize();
    sendText(text);
  });
  $("input").addEventListener("input", autosize);
  $("input").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      $("composer").requestSubmit();
    }
  });
  $("person").addEventListener("change", (event) => select(Number(event.target.value)));
  for (const button of document.querySelectorAll(".langs button")) {
    button.addEventListener("click", () => post(
      `/playground/api/people/${state.current}/language`, { language: button.dataset.lang },
    ).catch((error) => toast(error.message)));
  }
  $("menu-button").addEventListener("click", toggleMenu);
  $("chat").addEventListener("click", () => { $("menu").hidden = true; });
  $("attach").addEventListener("click", () => $("photo-file").click());
  $("photo-file").addEventListener("change", (event) => {
    const file = event.target.files[0];
    event.target.value = "";
    if (file) sendPhoto(file);
  });
  $("share-location").addEventListener("click", openLocation);
  $("picker").addEventListener("click", pickPoint);
  $("latitude").addEventListener("input", showPickerDot);
  $("longitude").addEventListener("input", showPickerDot);
  $("location-cancel").addEventListener("click", () => $("location-dialog").close());
  $("location-form").addEventListener("submit", () => {
    act("location", { latitude: Number($("latitude").value), longitude: Number($("longitude").value) });
  });
  $("device-location").addEventListener("click", () => {
    navigator.geolocation?.getCurrentPosition((where) => {
      $("latitude").value = where.coords.latitude.toFixed(5);
      $("longitude").value = where.coords.longitude.toFixed(5);
      showPickerDot();
    }, (error) => toast(error.message));
  });
  $("new-person").addEventListener("click", () => {
    $("person-name").value = `${tr("newName")} ${state.people.filter((p) => p.role === "new").length + 1}`;
    $("person-language").value = lang();
    $("person-dialog").showModal();
  });
  $("person-cancel").addEventListener("click", () => $("person-dialog").close());
  $("person-form").addEventListener("submit", async () => {
    const body = { name: $("person-name").value, language: $("person-language").value };
    try {
      const person = await post("/playground/api/people", body);
      state.people = state.people.some((p) => p.id === person.id) ? state.people : [...state.people, person];
      select(person.id);
    } catch (error) {
      toast(error.message);
    }
  });
  $("info-button").addEventListener("click", () => $("info-dialog").showModal());
  $("note-close").addEventListener("click", () => { $("note").hidden = true; });
}

wire();
applyLanguage();
connect();
