export * from "../../tools/analyzer/analyzeRun";
