/** An asset of the detector that could not be loaded, named with its URL and what the server said. */
export class AssetLoadError extends Error {
  override name = 'AssetLoadError';

  constructor(
    readonly url: string,
    /** The HTTP status, when there was an answer. */
    readonly status: number | undefined,
    detail: string,
  ) {
    super(`${url}: ${detail}`);
  }
}

/** Fetches `url` as the detector does (same origin credentials), turning a failure or a non-2xx answer into an {@link AssetLoadError}. */
export async function fetchAsset(url: string, init: RequestInit = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin', ...init });
  } catch (error) {
    throw new AssetLoadError(
      url,
      undefined,
      `not reachable (${error instanceof Error ? error.message : String(error)}: offline, or blocked by CSP)`,
    );
  }
  if (!response.ok) throw new AssetLoadError(url, response.status, `HTTP ${response.status}`);
  return response;
}
