// Vite (and so Vitest, in Node and in workerd) imports any file as a string with `?raw`.
declare module '*.txt?raw' {
  const text: string;
  export default text;
}
