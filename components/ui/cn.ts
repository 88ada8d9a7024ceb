import clsx, { type ClassValue } from "clsx";

// Joins class names. Components never pass two classes for the same property (see controlClass),
// so no merging of conflicting utilities is needed.
export const cn = (...values: ClassValue[]) => clsx(values);
