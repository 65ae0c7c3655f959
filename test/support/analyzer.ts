export * from "../../tools/analyzer/client";
