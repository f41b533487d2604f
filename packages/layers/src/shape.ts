/** A layer shape: the batch dim (and others) may be unknown (null), as Keras's None. */
export type LayerShape = (number | null)[];

export function isShapeList(s: LayerShape | LayerShape[]): s is LayerShape[] {
  return Array.isArray(s) && s.length > 0 && Array.isArray(s[0]);
}

export function asShapeList(s: LayerShape | LayerShape[]): LayerShape[] {
  return isShapeList(s) ? s : [s as LayerShape];
}

export function singleShape(s: LayerShape | LayerShape[], layerName: string): LayerShape {
  if (isShapeList(s)) {
    if (s.length !== 1) throw new Error(`Layer "${layerName}" expects a single input. Received: ${s.length} inputs`);
    return s[0]!;
  }
  return s;
}
