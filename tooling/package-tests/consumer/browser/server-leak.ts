// The control: what the test must catch if a browser entry ever pulled in server-only code.
import { implement } from '@charter/rpc/server';

console.log(implement);
