/**
 * The managed login (Hosted UI) style, in the colours of the branded emails
 * (triggers/emails/render-message.ts): the same teal header and buttons, the same
 * text colours on the same pale page, light scheme only (the emails declare light).
 * The header shows the product name, white on teal, as the emails' header does (a PNG
 * asset, infra/header-logo.ts, since managed login shows header text only as a logo).
 * Settings Cognito is not given keep its defaults. Colours are RRGGBBAA, as Cognito's
 * branding settings document writes them.
 */
import { encodePng, renderText } from "./header-logo";

export const BRAND_COLOURS = {
  /** The email's header bar and the managed login's buttons, links and focus ring. */
  primary: "0b5a6b",
  /** Darker, for hover and pressed buttons. */
  primaryDark: "08404c",
  /** The email's page background. */
  page: "eef2f5",
  /** The email's card. */
  card: "ffffff",
  /** The email's headings and body text. */
  text: "10202e",
  /** The email's secondary text (labels, notes). */
  secondaryText: "44505c",
  /** The email's code box border. */
  border: "b9d4da",
} as const;

const c = (hex: string) => `${hex}ff`;

export function managedLoginSettings(): Record<string, unknown> {
  const b = BRAND_COLOURS;
  return {
    categories: {
      global: { colorSchemeMode: "LIGHT", pageHeader: { enabled: true }, pageFooter: { enabled: false }, spacingDensity: "REGULAR" },
      form: { displayGraphics: true, location: { horizontal: "CENTER", vertical: "CENTER" } },
    },
    componentClasses: {
      buttons: { borderRadius: 6.0 },
      focusState: { lightMode: { borderColor: c(b.primary) } },
      input: { borderRadius: 6.0, lightMode: { defaults: { backgroundColor: c(b.card), borderColor: c(b.secondaryText) }, placeholderColor: c(b.secondaryText) } },
      inputLabel: { lightMode: { textColor: c(b.text) } },
      inputDescription: { lightMode: { textColor: c(b.secondaryText) } },
      link: { lightMode: { defaults: { textColor: c(b.primary) }, hover: { textColor: c(b.primaryDark) } } },
      optionControls: { lightMode: { defaults: { backgroundColor: c(b.card), borderColor: c(b.secondaryText) }, selected: { backgroundColor: c(b.primary), foregroundColor: c(b.card) } } },
    },
    components: {
      form: { borderRadius: 8.0, lightMode: { backgroundColor: c(b.card), borderColor: c(b.border) }, logo: { enabled: false } },
      pageBackground: { lightMode: { color: c(b.page) }, image: { enabled: false } },
      pageHeader: { lightMode: { background: { color: c(b.primary) }, borderColor: c(b.primary) }, logo: { enabled: true, location: "START" } },
      pageText: { lightMode: { headingColor: c(b.text), bodyColor: c(b.text), descriptionColor: c(b.secondaryText) } },
      primaryButton: {
        lightMode: {
          defaults: { backgroundColor: c(b.primary), textColor: c(b.card) },
          hover: { backgroundColor: c(b.primaryDark), textColor: c(b.card) },
          active: { backgroundColor: c(b.primaryDark), textColor: c(b.card) },
        },
      },
    },
  };
}

/** The header logo: the product name as the emails' header shows it, white, as a PNG (base64 for Cognito). */
export function productNameLogo(productName: string): { category: string; colorMode: string; extension: string; bytes: string } {
  const png = encodePng(renderText(productName), BRAND_COLOURS.card);
  return { category: "PAGE_HEADER_LOGO", colorMode: "LIGHT", extension: "PNG", bytes: png.toString("base64") };
}
