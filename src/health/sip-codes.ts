// Reason phrases of the final SIP codes a NOC sees most (RFC 3261 §21 and friends), for the top-codes lists.

const PHRASES: Record<number, string> = {
  0: 'no final response',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  410: 'Gone',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  420: 'Bad Extension',
  480: 'Temporarily Unavailable',
  481: 'Call/Transaction Does Not Exist',
  482: 'Loop Detected',
  483: 'Too Many Hops',
  484: 'Address Incomplete',
  486: 'Busy Here',
  487: 'Request Terminated',
  488: 'Not Acceptable Here',
  500: 'Server Internal Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Server Time-out',
  600: 'Busy Everywhere',
  603: 'Decline',
  604: 'Does Not Exist Anywhere',
  606: 'Not Acceptable',
};

/** "503 Service Unavailable", "no final response" for 0, the bare code when the phrase is not known. */
export function describeSipCode(code: number): string {
  if (code === 0) return PHRASES[0]!;
  const phrase = PHRASES[code];
  return phrase ? `${code} ${phrase}` : String(code);
}
