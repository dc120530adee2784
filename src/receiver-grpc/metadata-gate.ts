import { ServerInterceptingCall, type Metadata, type ServerInterceptor, type StatusObject } from '@grpc/grpc-js';

/**
 * What a gate decides from a call's metadata alone: `undefined` lets the call go on to
 * its handler, a status ends it there.
 */
export type MetadataDecision = (metadata: Metadata, methodPath: string) => StatusObject | undefined;

/**
 * A grpc-js server interceptor that decides on a call from its request metadata, before
 * any of the request message is read. grpc-js keeps a call's HTTP/2 stream paused until
 * the unary handler, told of the metadata, asks for the first read; a call the gate
 * refuses never gets that far, so its message is neither buffered, decompressed nor
 * deserialized: the refusal is sent as a trailers-only response, and grpc-js discards
 * whatever the client still sends on that stream. This is what lets the receiver
 * refuse a client without a valid bearer token at the price of a header check rather
 * than of a (possibly gzip-bombed) message.
 */
export function metadataGate(decide: MetadataDecision): ServerInterceptor {
  return (method, nextCall) => {
    const call: ServerInterceptingCall = new ServerInterceptingCall(nextCall, {
      start: (next) => next({
        onReceiveMetadata: (metadata, pass) => {
          const refusal = decide(metadata, method.path);
          // Not passing the metadata on is what keeps the handler from starting a read.
          if (refusal === undefined) pass(metadata);
          else call.sendStatus(refusal);
        },
      }),
    });
    return call;
  };
}
