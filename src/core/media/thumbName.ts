/** The file name of a task's thumbnail in the thumbnail folder (ids may hold characters paths must not). */
export function thumbName(id: string): string {
  return `${id.replace(/[^\w.-]/g, '_')}.jpg`;
}
