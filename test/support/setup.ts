import { afterAll } from 'vitest';
import { removeContentCopies } from './content-copy.js';

// Every test file leaves /tmp as it found it.
afterAll(removeContentCopies);
