// Why an uploaded image cannot go to a provider that fetches images by link, when Cutroom has no
// public address: shown under the image field and returned by the API, in the same words.
export const uploadsUnreachableReason = (providerLabel: string) =>
  `${providerLabel} fetches images from a link, and this Cutroom has no public address to serve an upload from (an admin can set APP_PUBLIC_URL). Paste a public https link to the image instead.`;
