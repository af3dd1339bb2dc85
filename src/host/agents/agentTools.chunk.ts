/**
 * Entry of dist/agentTools.js, loaded on an agent's first tool call (or the MCP provider's first question):
 * the tools, the MCP server definition and the journal import. Only lazy.ts requires it.
 */
export { createTools } from './agentTools';
export { copyMcpServerConfig, importJournal, mcpProvider } from './mcpHost';
