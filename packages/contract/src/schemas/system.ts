import * as z from 'zod';
import { limits } from '../limits.ts';
import { line } from './common.ts';

export const EchoInput = z.object({ message: line(limits.echoMessageMaxLength) });
export const Echo = z.object({ message: z.string(), serverTime: z.date() });
