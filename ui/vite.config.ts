import { defineConfig } from "vite";

export default defineConfig({
  clearScreen: false,
  build: { outDir: "dist", emptyOutDir: true, target: "safari15" },
  test: { environment: "happy-dom", globals: true },
});
