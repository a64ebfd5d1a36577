import { encodePng, type Rgb } from './png';

/** The connector's colour: Power Automate draws the icon on it, so the icon's background is the same. */
export const brandColour = '#0B6E7F';

/** Square, as Power Platform shows connector icons; 230 px is the size certified connectors use. */
const iconSize = 230;

const rgb = (hex: string): Rgb => [Number.parseInt(hex.slice(1, 3), 16), Number.parseInt(hex.slice(3, 5), 16), Number.parseInt(hex.slice(5, 7), 16)];
const white: Rgb = [255, 255, 255];

/** A white number sign: two slanted uprights and two bars, centred. */
function onNumberSign(x: number, y: number): boolean {
  const centre = iconSize / 2;
  const reach = 65;
  const half = 11;
  if (Math.abs(x - centre) > reach || Math.abs(y - centre) > reach) return false;
  const slant = (centre - y) * 0.2;
  const upright = [centre - 25, centre + 25].some((at) => Math.abs(x - at - slant) <= half);
  const bar = [centre - 25, centre + 25].some((at) => Math.abs(y - at) <= half);
  return upright || bar;
}

export function connectorIcon(): Buffer {
  const background = rgb(brandColour);
  return encodePng(iconSize, iconSize, (x, y) => (onNumberSign(x + 0.5, y + 0.5) ? white : background));
}
