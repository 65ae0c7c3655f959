/**
 * The generated Analyzer gRPC stubs of @pulumi/pulumi, with @grpc/grpc-js and google-protobuf loaded through the very
 * module instances the stubs use, so `instanceof` checks in the generated serializers and grpc credentials always
 * agree, wherever npm placed the packages.
 */
import { createRequire } from "module";
import type * as grpcTypes from "@grpc/grpc-js";
import type * as structTypes from "google-protobuf/google/protobuf/struct_pb";
import type * as emptyTypes from "google-protobuf/google/protobuf/empty_pb";
import type * as grpcPb from "@pulumi/pulumi/proto/analyzer_grpc_pb";

const grpcPbPath = require.resolve("@pulumi/pulumi/proto/analyzer_grpc_pb");
const stubRequire = createRequire(grpcPbPath);
export const grpc: typeof grpcTypes = stubRequire("@grpc/grpc-js");
export const { AnalyzerClient }: typeof grpcPb = stubRequire("./analyzer_grpc_pb");
export const { Struct }: typeof structTypes = stubRequire("google-protobuf/google/protobuf/struct_pb");
export const { Empty }: typeof emptyTypes = stubRequire("google-protobuf/google/protobuf/empty_pb");
export type { emptyTypes, grpcTypes, structTypes };
