export async function main(argv: string[]): Promise<void> {
  console.log('panda2zoho', argv.slice(2).join(' '));
}
