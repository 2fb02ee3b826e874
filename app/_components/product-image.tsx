/**
 * Product imagery: an SVG illustration drawn for each product of the demo catalog,
 * committed under public/products/ and served as a static file (never fetched from
 * elsewhere). A product without one (e.g. added to the database later) shows its swatch
 * colour instead.
 */
const ILLUSTRATED = new Set([
  "linen-apron",
  "enamel-mug",
  "beeswax-candle",
  "wool-throw",
  "ceramic-planter",
  "cotton-tote",
  "walnut-board",
  "glass-carafe",
  "copper-kettle",
  "field-notebook",
  "olive-oil-soap",
  "merino-socks",
]);

export function productImageSrc(productId: string): string | null {
  return ILLUSTRATED.has(productId) ? `/products/${productId}.svg` : null;
}

/**
 * The picture of a product. Decorative by default (`alt=""`), because the product's name
 * is always written next to it; pass `alt` where the picture stands alone.
 */
export function ProductImage({ id, swatch, alt = "", className = "product-media", eager = false }: { id: string; swatch: string; alt?: string; className?: string; eager?: boolean }) {
  const src = productImageSrc(id);
  const colour = /^#[0-9a-f]{6}$/i.test(swatch) ? swatch : "#cccccc";
  return (
    <span className={className}>
      {src ? (
        // A plain <img>: the SVGs need no resizing, and next/image would add client JavaScript.
        // eslint-disable-next-line @next/next/no-img-element
        <img src={src} alt={alt} width={400} height={300} loading={eager ? "eager" : "lazy"} decoding="async" />
      ) : (
        <span className="swatch-fallback" style={{ backgroundColor: colour }} role={alt ? "img" : undefined} aria-label={alt || undefined} aria-hidden={alt ? undefined : true} />
      )}
    </span>
  );
}
