// How discord.js's REST client sends a request. Files go as a FormData body through undici; but whichever undici
// major loads first installs the process-wide dispatcher, and Bolt's Socket Mode client brings undici 7, whose
// dispatcher cannot read a form made for discord.js's undici 6 ("action is not a function"): every message with a
// file would fail. Encoding the form to bytes first, with its multipart content type, sends the same request
// through any dispatcher.
import { DefaultRestOptions } from 'discord.js';

type MakeRequest = typeof DefaultRestOptions.makeRequest;

export const makeRequest: MakeRequest = async (url, init) => {
  if (!(init.body instanceof FormData)) return DefaultRestOptions.makeRequest(url, init);
  const encoded = new Response(init.body);
  const headers = Object.fromEntries(new Headers(init.headers as ConstructorParameters<typeof Headers>[0]));
  headers['content-type'] = encoded.headers.get('content-type') ?? 'multipart/form-data';
  return DefaultRestOptions.makeRequest(url, { ...init, headers, body: Buffer.from(await encoded.arrayBuffer()) });
};
