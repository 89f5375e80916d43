/** Guardrails on user pools: the production minimums. */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { isProd, TYPES } from "./resource-types";

export const PROD_MIN_PASSWORD_LENGTH = 12;

export const prodPasswordLength: ResourceValidationPolicy = {
  name: "prod-password-min-length",
  description: `In prod, the user pool's minimum password length is at least ${PROD_MIN_PASSWORD_LENGTH}.`,
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    if (args.type !== TYPES.userPool || !isProd(args.props)) return;
    const length = args.props.passwordPolicy?.minimumLength ?? 8;
    if (length < PROD_MIN_PASSWORD_LENGTH) reportViolation(`passwordPolicy.minimumLength is ${length}: set passwordMinLength to ${PROD_MIN_PASSWORD_LENGTH} or more.`);
  },
};

export const prodDeletionProtection: ResourceValidationPolicy = {
  name: "prod-deletion-protection",
  description: "In prod, the user pool has deletion protection on.",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    if (args.type !== TYPES.userPool || !isProd(args.props)) return;
    if (args.props.deletionProtection !== "ACTIVE") reportViolation('set deletionProtection to "ACTIVE".');
  },
};

export const prodPoolProtected: ResourceValidationPolicy = {
  name: "prod-pool-protected",
  description: "In prod, the user pool is a protected Pulumi resource: no `up` or `destroy` deletes or replaces it (and every user with it).",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    if (args.type !== TYPES.userPool || !isProd(args.props)) return;
    if (args.opts?.protect !== true) reportViolation("declare the pool with the resource option protect: true.");
  },
};

export const prodSesEmail: ResourceValidationPolicy = {
  name: "prod-ses-email",
  description: "In prod, the user pool sends email through SES (Cognito's default sender allows 50 a day and no branded email).",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    if (args.type !== TYPES.userPool || !isProd(args.props)) return;
    if (args.props.emailConfiguration?.emailSendingAccount !== "DEVELOPER") {
      reportViolation('set emailConfiguration.emailSendingAccount to "DEVELOPER" with a verified SES identity.');
    }
  },
};
