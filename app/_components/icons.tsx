import type { ReactNode } from "react";

/** Small inline icons (decorative: every one sits beside its words). Stroke follows `currentColor`. */
type IconProps = { className?: string };

function Svg({ children, className }: IconProps & { children: ReactNode }) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false" className={className}>
      {children}
    </svg>
  );
}

export const BagIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M5 8h14l-1 12H6L5 8Z" />
    <path d="M9 10V7a3 3 0 0 1 6 0v3" />
  </Svg>
);

export const UserIcon = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="12" cy="8" r="3.5" />
    <path d="M5 20c.8-3.6 3.6-5.5 7-5.5s6.2 1.9 7 5.5" />
  </Svg>
);

export const CheckIcon = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="12" cy="12" r="9" />
    <path d="m8 12.5 2.8 2.8L16.5 9.5" />
  </Svg>
);

export const TruckIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M3 6h11v10H3z" />
    <path d="M14 10h4l3 3v3h-7" />
    <circle cx="7" cy="17.5" r="1.8" />
    <circle cx="17" cy="17.5" r="1.8" />
  </Svg>
);

export const StoreIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M4 10v10h16V10" />
    <path d="M3 10 5 4h14l2 6a3 3 0 0 1-6 0 3 3 0 0 1-6 0 3 3 0 0 1-6 0Z" />
    <path d="M10 20v-5h4v5" />
  </Svg>
);

export const ReturnIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M9 14 4 9l5-5" />
    <path d="M4 9h10a6 6 0 0 1 0 12h-3" />
  </Svg>
);

export const GaugeIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M4 19a9 9 0 1 1 16 0" />
    <path d="m12 14 4-5" />
  </Svg>
);

export const ListIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M9 6h11M9 12h11M9 18h11" />
    <path d="M4.5 6h.01M4.5 12h.01M4.5 18h.01" strokeWidth={2.6} />
  </Svg>
);

export const CartClockIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M3 4h2l2 11h9" />
    <path d="M6.2 8H13" />
    <circle cx="8.5" cy="19" r="1.4" />
    <circle cx="15.5" cy="19" r="1.4" />
    <circle cx="17.5" cy="8.5" r="4" />
    <path d="M17.5 6.8v1.9l1.2.8" />
  </Svg>
);

export const BroomIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="m14 4 6 6" />
    <path d="m17 7-6 6" />
    <path d="M11 13c-3 0-6 2-7 7 5-1 7-4 7-7Z" />
    <path d="m8 16-2 2" />
  </Svg>
);

/** The cartsession mark: a shopping bag with a session "tick". */
export function BrandMark({ className }: IconProps) {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true" focusable="false" className={className}>
      <rect width="32" height="32" rx="8" fill="#1f5c4a" />
      <path d="M8.5 12.5h15l-1.2 12.2a1.5 1.5 0 0 1-1.5 1.3h-9.6a1.5 1.5 0 0 1-1.5-1.3L8.5 12.5Z" fill="#f6f4ef" />
      <path d="M12.5 13V10.5a3.5 3.5 0 0 1 7 0V13" fill="none" stroke="#f6f4ef" strokeWidth="2" strokeLinecap="round" />
      <path d="m12.6 19.3 2.4 2.4 4.6-4.8" fill="none" stroke="#1f5c4a" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
