import { toSlipLocale, type SlipLocale } from '../core/print/settings';

/**
 * The few words the main process says itself, in native dialogs (an unexpected error, a start
 * that failed, a rejected provisioning file, an update ready to install). The renderer's i18next
 * does not run here, so a typed table like the slips' (main/core/print/i18n.ts): the compiler
 * checks that every language has every message.
 */
export interface MainMessages {
  unexpectedError(app: string): string;
  /** The error's own text, then where to find more. */
  unexpectedErrorDetail(error: string): string;
  cannotStart(app: string): string;
  provisioningRejected(file: string): string;
  updateReady(app: string, version: string): string;
  updateDetail: string;
  restartToUpdate: string;
  later: string;
}

const en: MainMessages = {
  unexpectedError: (app) => `${app} hit an unexpected error and carries on.`,
  unexpectedErrorDetail: (error) =>
    `${error}\n\nThe details are in the log (Settings → Export support file).`,
  cannotStart: (app) => `${app} cannot start`,
  provisioningRejected: (file) => `${file} was not applied:`,
  updateReady: (app, version) => `${app} ${version} is ready to install.`,
  updateDetail:
    'It installs when the desk is closed. Restart now only when no one is in the middle of an order.',
  restartToUpdate: 'Restart to update',
  later: 'Later',
};

const ptBR: MainMessages = {
  unexpectedError: (app) => `O ${app} encontrou um erro inesperado e continua funcionando.`,
  unexpectedErrorDetail: (error) =>
    `${error}\n\nOs detalhes estão no registro (Configurações → Exportar arquivo de suporte).`,
  cannotStart: (app) => `O ${app} não consegue iniciar`,
  provisioningRejected: (file) => `${file} não foi aplicado:`,
  updateReady: (app, version) => `O ${app} ${version} está pronto para instalar.`,
  updateDetail:
    'A instalação acontece quando o app é fechado. Reinicie agora só se ninguém estiver no meio de um pedido.',
  restartToUpdate: 'Reiniciar para atualizar',
  later: 'Depois',
};

const es: MainMessages = {
  unexpectedError: (app) => `${app} encontró un error inesperado y sigue funcionando.`,
  unexpectedErrorDetail: (error) =>
    `${error}\n\nLos detalles están en el registro (Configuración → Exportar archivo de soporte).`,
  cannotStart: (app) => `${app} no puede iniciar`,
  provisioningRejected: (file) => `${file} no se aplicó:`,
  updateReady: (app, version) => `${app} ${version} está listo para instalar.`,
  updateDetail:
    'Se instala cuando se cierra la aplicación. Reinicie ahora solo si nadie está en medio de un pedido.',
  restartToUpdate: 'Reiniciar para actualizar',
  later: 'Más tarde',
};

export const MAIN_MESSAGES: Record<SlipLocale, MainMessages> = { en, 'pt-BR': ptBR, es };

/**
 * The language of main's dialogs: the station's language setting (what the desk's screens show),
 * else the operating system's language, else English.
 */
export function mainLocale(
  stationLocale: string | null | undefined,
  systemLocale: string | null | undefined,
): SlipLocale {
  return toSlipLocale(stationLocale || systemLocale);
}

export function mainMessages(
  stationLocale: string | null | undefined,
  systemLocale: string | null | undefined,
): MainMessages {
  return MAIN_MESSAGES[mainLocale(stationLocale, systemLocale)];
}
