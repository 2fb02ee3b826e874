/** A colour block standing in for a product photo (decorative: the name is always shown). */
export function Swatch({ colour, size = "md" }: { colour: string; size?: "sm" | "md" | "lg" }) {
  const safe = /^#[0-9a-f]{6}$/i.test(colour) ? colour : "#cccccc";
  return <span className={`swatch swatch-${size}`} style={{ backgroundColor: safe }} aria-hidden="true" />;
}
