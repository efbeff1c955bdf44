// A call to Rust that does not answer in time is answered here instead, so no
// button stays busy and no screen stays on "Loading" without saying why.
import type { PersonMessage } from "./bindings/PersonMessage";

export const NO_ANSWER: PersonMessage = {
  kind: "slow",
  message: "Roomstart did not answer in time. Try again, or tell IT if it keeps happening.",
};

export function withTimeout<T>(call: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(NO_ANSWER), ms);
    call.then(
      (value) => { clearTimeout(timer); resolve(value); },
      (error: unknown) => { clearTimeout(timer); reject(error); },
    );
  });
}
