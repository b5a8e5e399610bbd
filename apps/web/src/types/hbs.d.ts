// hbs ships no type declarations; only the part of its API the web app uses.
declare module 'hbs' {
  interface HbsInstance {
    __express: (path: string, options: object, callback: (err: Error | null, html?: string) => void) => void;
    registerPartial(name: string, template: string): void;
    registerHelper(name: string, fn: (...args: unknown[]) => unknown): void;
  }
  const hbs: HbsInstance & { create(): HbsInstance };
  export = hbs;
}
