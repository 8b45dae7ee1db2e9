// Container image references as Azure ML environments name them (`<registry>/<repository>[:tag][@sha256:...]`):
// shared by the component (which refuses a tag) and the readers (which state what a reference says).

export interface ImageReference {
  /** Registry host, e.g. `contoso.azurecr.io`. */
  readonly registry: string;
  readonly repository: string;
  /** `sha256:<hex>`, when the reference is pinned by digest. */
  readonly digest?: string;
  readonly tag?: string;
}

/** Splits `registry/repository[:tag][@digest]`; the registry is the first path part when it looks like a host. */
export function parseImageReference(image: string): ImageReference {
  const at = image.indexOf('@');
  const named = at < 0 ? image : image.slice(0, at);
  const digest = at < 0 ? undefined : image.slice(at + 1);
  const slash = named.indexOf('/');
  const first = slash < 0 ? '' : named.slice(0, slash);
  const hasHost = first.includes('.') || first.includes(':') || first === 'localhost';
  const registry = hasHost ? first : 'docker.io';
  const path = hasHost ? named.slice(slash + 1) : named;
  const colon = path.lastIndexOf(':');
  const repository = colon < 0 ? path : path.slice(0, colon);
  const tag = colon < 0 ? undefined : path.slice(colon + 1);
  return { registry, repository, ...(digest === undefined ? {} : { digest }), ...(tag === undefined ? {} : { tag }) };
}

/** Azure Container Registry login servers in the public and sovereign clouds. */
export function isAzureContainerRegistry(registry: string): boolean {
  return /\.azurecr\.(io|us|cn)$/i.test(registry);
}

/** The registry name an ACR login server belongs to (`contoso.azurecr.io` -> `contoso`); undefined for other hosts. */
export function acrNameOf(registry: string): string | undefined {
  return isAzureContainerRegistry(registry) ? registry.split('.')[0].toLowerCase() : undefined;
}
