/** The extraction thread's script: answers each request as extractRequest does. */
import { answerRequests } from '../threads/answer-requests.js';
import { extractRequest } from './extract-request.js';
import type { ExtractionAnswer, ExtractionRequest } from './extraction-messages.js';

answerRequests<ExtractionRequest, ExtractionAnswer>(extractRequest);
