import './index.scss';

export { DemoNote } from './DemoNote';
export { Fact } from './Fact';
export { ItemCard } from './ItemCard';
export { ItemResults } from './ItemResults';
export { notFoundState } from './notFound';
export { LinkRow } from './LinkRow';
export { MaterialCard, type MaterialView } from './MaterialCard';
export { BulletList, Section } from './Section';
